"""Benefit entitlements: what a granted request opens (the bridging right, birth leave,
maternity aid) and its schedule of payments."""
