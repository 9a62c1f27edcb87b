-- expect: hpa.new: spec: expected an object, got "5"
hpa.new{ spec = 5 }
