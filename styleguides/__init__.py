"""The shipped style guides and phrase catalogues (YAML data), packaged as ``voicelint.styleguides``."""
