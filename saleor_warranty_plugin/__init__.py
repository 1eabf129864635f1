"""Return and warranty policies for Saleor, enforced and explained."""

__version__ = "0.1.0"
