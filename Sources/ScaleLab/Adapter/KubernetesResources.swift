/// A small RESTMapper: the built-in resources the adapter can map labels to, with their
/// groups and singular names (what `kubectl api-resources` lists for these kinds).
enum KubernetesResources {
    static let known: [(group: String, plural: String, singular: String)] = [
        ("", "pods", "pod"), ("", "namespaces", "namespace"), ("", "nodes", "node"),
        ("", "services", "service"), ("", "endpoints", "endpoints"),
        ("", "persistentvolumeclaims", "persistentvolumeclaim"),
        ("", "persistentvolumes", "persistentvolume"),
        ("", "replicationcontrollers", "replicationcontroller"),
        ("apps", "deployments", "deployment"), ("apps", "statefulsets", "statefulset"),
        ("apps", "replicasets", "replicaset"), ("apps", "daemonsets", "daemonset"),
        ("batch", "jobs", "job"), ("batch", "cronjobs", "cronjob"),
        ("autoscaling", "horizontalpodautoscalers", "horizontalpodautoscaler"),
        ("networking.k8s.io", "ingresses", "ingress"),
        ("policy", "poddisruptionbudgets", "poddisruptionbudget"),
    ]

    /// The group and plural resource for a possibly singular, possibly group-less name
    /// (CustomMetricInfo.Normalized via RESTMapper.ResourceFor); nil when unknown.
    static func normalize(_ gr: GroupResource) -> GroupResource? {
        let name = gr.resource.lowercased()
        for entry in known
        where (gr.group.isEmpty || gr.group == entry.group)
            && (name == entry.plural || name == entry.singular)
        {
            return GroupResource(group: entry.group, resource: entry.plural)
        }
        return nil
    }

    /// The singular name of a resource (RESTMapper.ResourceSingularizer).
    static func singular(_ resource: String) -> String? {
        let name = resource.lowercased()
        return known.first { $0.plural == name || $0.singular == name }?.singular
    }

    /// The group-resource of a kind in a group (RESTMapper.RESTMapping for a GroupKind: the
    /// kind is the resource's singular name, CamelCased); nil when no resource matches.
    static func resource(forKind kind: String, group: String) -> GroupResource? {
        let name = kind.lowercased()
        return known.first { $0.group == group && $0.singular == name }
            .map { GroupResource(group: $0.group, resource: $0.plural) }
    }
}
