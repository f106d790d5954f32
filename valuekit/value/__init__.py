"""After the sale (domain.md §7): realisation plans, actuals, health, reviews and stories."""
