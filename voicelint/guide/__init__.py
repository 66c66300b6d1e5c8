"""Style-guide loading: schema, validation with positions, ``extends`` merging, presets, discovery."""
