"""Pure rules of the contributions domain: Decimal arithmetic only, no I/O.

The one exception is `parameters.py`, which reads the yearly TOML files shipped with the
package (data about the law is data). Entry point for callers: `simulation.simulate`.
"""
