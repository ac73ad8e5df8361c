"""The facilitation assistant: grounded answers, themes and summaries for the facilitator."""
