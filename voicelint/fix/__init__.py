"""``voicelint fix``: apply the fixes of violations to the files they were found in.

The steps, one module each: :mod:`choose` picks one fix per violation (the first applicable one)
and drops overlapping spans; :mod:`locate` finds the span in its document and checks the file
holds it as plain text; :mod:`encode` writes the replacement the way its place in the file needs
(JSON, YAML, CSV, HTML); :mod:`verify` splices the edits in and re-reads the file with the same
reader, keeping only edits after which every record reads as expected; :mod:`files` reads and
writes bytes (BOM kept, written atomically) and makes diffs; :mod:`run` repeats lint and fix until
nothing more is applied, so a second ``voicelint fix`` finds nothing to do.
"""
