"""Lay pages out: template sets, font roles, the grid, module placement, WeasyPrint passes."""
