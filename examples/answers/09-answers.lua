-- Workshop answers, lesson 09 (mixed pools and cost). See WORKSHOP.md.
local workload = {
  { name = "web", replicas = 20, requests = { cpu = "250m", memory = "512Mi" } },
  { name = "cache", replicas = 2, requests = { cpu = "1", memory = "12Gi" } },
}
local function rec(providers)
  return sizing.recommend{ workload = workload, providers = providers }
end

-- Exercise 9.1: the same workload on GCP (GKE reservations, GCP prices): which mix, and how
-- does it compare with AWS's?
local aws, gcp = rec{ "aws" }, rec{ "gcp" }
print(string.format("9.1: AWS: %s $%.2f/month; GCP: %s $%.2f/month (%s)", aws.best.label,
  aws.cost_month, gcp.best.label, gcp.cost_month, gcp.assignment))
assert(#gcp.pools == 2 and gcp.assignment:find("cache on", 1, true))

-- Exercise 9.2: search AWS, GCP and Azure together: the cheapest of all is never dearer than
-- the cheapest of one cloud.
local any = rec{ "aws", "gcp", "azure" }
print(string.format("9.2: across clouds: %s $%.2f/month", any.best.label, any.cost_month))
assert(any.cost_month <= aws.cost_month + 1e-6 and any.cost_month <= gcp.cost_month + 1e-6)
