"""The participatory domain: forums, meetings, steps, ideas, polls and ballots."""
