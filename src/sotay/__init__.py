"""Sổ tay nghiệp vụ: validate the procedure dataset and build the offline handbook from it."""
