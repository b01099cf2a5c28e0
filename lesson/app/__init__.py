"""The Voila app around the notebooks: header and footer chrome, landing cards, launcher."""
