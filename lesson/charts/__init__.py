"""Sourced charts, the anatomy diagram and their display.

``data`` loads the numbers (CSV) and metadata (YAML) from ``lesson/content/data``;
``figures`` turns them into matplotlib Figures with the shared style; ``display`` renders
them to deterministic PNGs inside an HTML ``<figure>`` with alt text and caption.
"""
