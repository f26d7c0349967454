package dev.touchpoint.funnel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * The funnels every event is attributed to, compiled. A refresh asks the database only for
 * ids and versions, and recompiles just the funnels that changed, so it is cheap enough to
 * run before every consumer batch; funnels changed through another instance are picked up too.
 */
@ApplicationScoped
public class FunnelCatalog {

    @Inject
    FunnelRepository funnels;

    @Inject
    FunnelJson json;

    private volatile Map<String, CompiledFunnel> compiled = Map.of();

    /** The current funnels, refreshed from the database. */
    @Transactional
    public List<CompiledFunnel> refresh() {
        List<Object[]> versions = funnels.getEntityManager()
                .createQuery("select f.id, f.version from Funnel f order by f.id", Object[].class).getResultList();
        Map<String, CompiledFunnel> previous = compiled;
        boolean same = versions.size() == previous.size() && versions.stream().allMatch(v -> {
            CompiledFunnel known = previous.get((String) v[0]);
            return known != null && known.version() == (Integer) v[1];
        });
        if (!same) {
            Map<String, CompiledFunnel> next = new HashMap<>();
            for (Object[] v : versions) {
                CompiledFunnel known = previous.get((String) v[0]);
                next.put((String) v[0], known != null && known.version() == (Integer) v[1] ? known : compile(v[0]));
            }
            compiled = Map.copyOf(next);
        }
        return List.copyOf(compiled.values());
    }

    /** One funnel compiled from its stored definition, as it is right now. */
    public CompiledFunnel compile(Funnel funnel) {
        return CompiledFunnel.of(json.read(funnel), funnel.version);
    }

    private CompiledFunnel compile(Object id) {
        return compile(funnels.findById((String) id));
    }
}
