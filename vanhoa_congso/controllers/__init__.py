"""Base controllers shared by several doctypes."""
