-- Workshop answers, lesson 09 (mixed pools and cost). See WORKSHOP.md.
local workload = {
  { name = "web", replicas = 20, requests = { cpu = "250m", memory = "512Mi" } },
  { name = "cache", replicas = 2, requests = { cpu = "1", memory = "12Gi" } },
}

-- Exercise 9.1: tighten the blast radius to 20%: what does sizing.recommend choose, and what
-- does the tighter bound cost compared with 30%?
local function rec(pct)
  return sizing.recommend{ workload = workload, providers = { "aws" },
                           constraints = { max_blast_radius_pct = pct } }
end
local r30, r20 = rec(30), rec(20)
print(string.format("9.1: <= 30%%: %dx %s $%.2f; <= 20%%: %dx %s $%.2f", r30.count, r30.type,
  r30.cost_month, r20.count, r20.type, r20.cost_month))
assert(r20.best.blast_radius.pct <= 20 and r20.cost_month >= r30.cost_month)

-- Exercise 9.2: the same question on GCP and Azure as well: which cloud's catalog is
-- cheapest for this workload under the 30% bound?
local any = sizing.recommend{ workload = workload, providers = { "aws", "gcp", "azure" },
                              constraints = { max_blast_radius_pct = 30 } }
print(string.format("9.2: across clouds: %dx %s $%.2f/month", any.count, any.type,
                    any.cost_month))
assert(any.cost_month <= r30.cost_month)
