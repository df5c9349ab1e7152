"""Reminders: who must act on which deadline, when to tell them (policy and working calendar), the digest each
person gets, and the planner that writes them to the outbox (bot/outbox sends them)."""
