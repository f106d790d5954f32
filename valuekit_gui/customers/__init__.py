"""The Customers view: won accounts, their health and realised value (issue 17)."""
