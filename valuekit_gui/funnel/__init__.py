"""The Funnel view: plan a target, forecast the next month and quarter, review a seller."""
