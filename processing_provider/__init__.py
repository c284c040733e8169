"""Processing provider "SAR Height" (id ``sarheight``) and its algorithms."""
