-- expect: bad option 'seed' in cluster.new (number expected, got string)
cluster.new{ provider = "eks", seed = "x" }
