"""Evaluation: extraction F1, clustering B-cubed/ARI, ROUGE; baselines side by side in one table."""
