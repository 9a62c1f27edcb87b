-- expect: bad option 'provider' in cluster.new ('azure' is not one of gke, eks, aks, none)
cluster.new{ provider = "azure" }
