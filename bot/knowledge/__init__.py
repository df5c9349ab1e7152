"""Grounded answers: a fact base built from the source documents, retrieval, composed answers and dialogue memory."""
