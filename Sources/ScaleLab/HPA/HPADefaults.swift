// API defaulting of autoscaling/v2 (pkg/apis/autoscaling/v2/defaults.go:
// SetDefaults_HorizontalPodAutoscaler, SetDefaults_HorizontalPodAutoscalerBehavior,
// GenerateHPAScaleUpRules, GenerateHPAScaleDownRules).

/// The API server's defaulting of HPA objects.
public enum HPADefaults {
    /// The default scale-up policies: 4 pods or 100% per 15 s, whichever is more.
    public static let scaleUpPolicies = [
        HPAScalingPolicy(type: HPAScalingPolicy.pods, value: 4, periodSeconds: 15),
        HPAScalingPolicy(type: HPAScalingPolicy.percent, value: 100, periodSeconds: 15),
    ]
    /// The default scale-down policy: 100% per 15 s.
    public static let scaleDownPolicies = [
        HPAScalingPolicy(type: HPAScalingPolicy.percent, value: 100, periodSeconds: 15),
    ]

    /// GenerateHPAScaleUpRules: unset fields take the defaults (window 0, Max, the default
    /// list); a given policy list replaces the default list entirely; tolerance is kept.
    public static func scaleUpRules(_ rules: HPAScalingRules?) -> HPAScalingRules {
        var result = rules ?? HPAScalingRules()
        if result.selectPolicy == nil { result.selectPolicy = ScalingPolicySelect.max }
        if result.policies == nil { result.policies = scaleUpPolicies }
        if result.stabilizationWindowSeconds == nil { result.stabilizationWindowSeconds = 0 }
        return result
    }

    /// GenerateHPAScaleDownRules: like scale-up, but the window stays nil (the controller uses
    /// `--horizontal-pod-autoscaler-downscale-stabilization`).
    public static func scaleDownRules(_ rules: HPAScalingRules?) -> HPAScalingRules {
        var result = rules ?? HPAScalingRules()
        if result.selectPolicy == nil { result.selectPolicy = ScalingPolicySelect.max }
        if result.policies == nil { result.policies = scaleDownPolicies }
        return result
    }

    /// SetDefaults_HorizontalPodAutoscaler: minReplicas 1, cpu 80% when no metrics, and the
    /// behavior rules when `behavior` is present.
    public static func apply(to spec: inout HPASpec) {
        if spec.minReplicas == nil { spec.minReplicas = 1 }
        if spec.metrics.isEmpty { spec.metrics = [MetricSpec.defaultCPU] }
        if var behavior = spec.behavior {
            behavior.scaleUp = scaleUpRules(behavior.scaleUp)
            behavior.scaleDown = scaleDownRules(behavior.scaleDown)
            spec.behavior = behavior
        }
    }
}
