"""The methodology documents: reading, cleaning and cutting into passages."""
