-- expect: bad argument #1 to 'quantity' (cannot parse quantity "12.5.3Gi": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$')
units.quantity("12.5.3Gi")
