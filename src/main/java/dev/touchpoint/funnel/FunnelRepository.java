package dev.touchpoint.funnel;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

/** Stored funnels. */
@ApplicationScoped
public class FunnelRepository implements PanacheRepositoryBase<Funnel, String> {

    public List<Funnel> allById() {
        return listAll(Sort.by("id"));
    }
}
