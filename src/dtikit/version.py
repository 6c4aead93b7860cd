"""The release of dtikit that wrote a file (``dtikit.__version__``).

Its own module so that a writer deep in the library can name it without
importing the package's public API, which imports everything.
"""

__version__ = "0.1.0"
