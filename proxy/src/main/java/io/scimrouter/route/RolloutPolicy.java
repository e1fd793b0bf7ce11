package io.scimrouter.route;

import io.scimrouter.config.ConfigException;
import io.scimrouter.config.RouterConfig.Rollout;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which project/environment pairs may use the tenant-aware {@code /v2} forms. Rules are {@code p1/e1},
 * {@code p1/*}, {@code *}{@code /e1} or {@code *}; a deny rule beats any allow rule; no allow rules means all are
 * allowed. Legacy routes never consult this. Lookups allocate nothing: they run on every /v2 request.
 */
public final class RolloutPolicy {
    private static final RolloutPolicy ALLOW_ALL = new RolloutPolicy(List.of("*"), List.of());

    private final Rules allow;
    private final Rules deny;

    /**
     * @param allowRules null for the default (everything); an explicit empty list enables the /v2 forms nowhere,
     *                   as an operator who writes {@code allow: []} means
     */
    public RolloutPolicy(List<String> allowRules, List<String> denyRules) {
        List<String> allowList = allowRules == null ? List.of("*") : allowRules;
        this.allow = Rules.parse(allowList, "rollout.tenantAware.allow");
        this.deny = Rules.parse(denyRules == null ? List.of() : denyRules, "rollout.tenantAware.deny");
    }

    public static RolloutPolicy from(Rollout rollout) {
        return rollout == null ? ALLOW_ALL : new RolloutPolicy(rollout.allow(), rollout.deny());
    }

    public static RolloutPolicy allowAll() {
        return ALLOW_ALL;
    }

    public boolean allows(String project, String environment) {
        return !deny.matches(project, environment) && allow.matches(project, environment);
    }

    /** One rule list, indexed so that a lookup is a few hash probes. */
    private record Rules(boolean everything, Set<String> anyEnvironmentOf, Set<String> anyProjectIn,
                         Map<String, Set<String>> exact) {

        static Rules parse(List<String> rules, String key) {
            boolean everything = false;
            Set<String> anyEnvironmentOf = new HashSet<>();
            Set<String> anyProjectIn = new HashSet<>();
            Map<String, Set<String>> exact = new HashMap<>();
            for (String raw : rules) {
                String rule = raw == null ? "" : raw.strip();
                if (rule.equals("*") || rule.equals("*/*")) {
                    everything = true;
                    continue;
                }
                int slash = rule.indexOf('/');
                if (slash <= 0 || slash == rule.length() - 1 || rule.indexOf('/', slash + 1) >= 0) {
                    throw new ConfigException(key, "rule '" + raw + "' is not one of project/environment, "
                            + "project/*, */environment or *");
                }
                String project = rule.substring(0, slash);
                String environment = rule.substring(slash + 1);
                if (project.contains("*") && !project.equals("*")
                        || environment.contains("*") && !environment.equals("*")) {
                    throw new ConfigException(key, "rule '" + raw + "': '*' stands for a whole segment only");
                }
                if (environment.equals("*")) {
                    anyEnvironmentOf.add(project);
                } else if (project.equals("*")) {
                    anyProjectIn.add(environment);
                } else {
                    exact.computeIfAbsent(project, p -> new HashSet<>()).add(environment);
                }
            }
            Map<String, Set<String>> frozen = new HashMap<>();
            exact.forEach((project, environments) -> frozen.put(project, Set.copyOf(environments)));
            return new Rules(everything, Set.copyOf(anyEnvironmentOf), Set.copyOf(anyProjectIn), Map.copyOf(frozen));
        }

        boolean matches(String project, String environment) {
            if (everything || anyEnvironmentOf.contains(project) || anyProjectIn.contains(environment)) {
                return true;
            }
            Set<String> environments = exact.get(project);
            return environments != null && environments.contains(environment);
        }
    }
}
