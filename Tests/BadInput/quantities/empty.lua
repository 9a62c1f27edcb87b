-- expect: bad argument #1 to 'quantity' (cannot parse quantity "": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$')
units.quantity("")
