package io.ledgerbridge.dashboard.imports;

import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.workspace.FlowId;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.history.HistoricalImport;
import io.ledgerbridge.engine.history.HistoricalImports;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** What people do with imports (create, find, list, change), in memory, for the pages' tests. */
final class InMemoryImports implements HistoricalImports {

    private final Map<UUID, HistoricalImport> all = new LinkedHashMap<>();

    HistoricalImport put(HistoricalImport i) {
        all.put(i.id(), i);
        return i;
    }

    @Override
    public HistoricalImport create(WorkspaceId workspace, FlowId flow, LocalDate from, LocalDate to, Set<RecordType> types,
            long expected, int budgetShare, String actor, Instant now) {
        return put(new HistoricalImport(UUID.randomUUID(), workspace, flow, from, to, types, HistoricalImport.Status.RUNNING,
                null, expected, budgetShare, false, 0, HistoricalImport.Progress.NONE, actor, now, now, null, Optional.empty()));
    }

    @Override
    public Optional<HistoricalImport> find(WorkspaceId workspace, UUID id) {
        return Optional.ofNullable(all.get(id)).filter(i -> i.workspace().equals(workspace));
    }

    @Override
    public List<HistoricalImport> list(WorkspaceId workspace, FlowId flow) {
        var out = new ArrayList<HistoricalImport>();
        for (var i : all.values()) {
            if (i.workspace().equals(workspace) && (flow == null || i.flow().equals(flow))) {
                out.add(i);
            }
        }
        out.sort(Comparator.comparing(HistoricalImport::createdAt).reversed());
        return out;
    }

    @Override
    public Optional<HistoricalImport> change(WorkspaceId workspace, UUID id, Status to, String actor, Instant now) {
        var i = find(workspace, id).orElse(null);
        boolean applies = i != null && switch (to) {
            case PAUSED -> i.status() == HistoricalImport.Status.RUNNING;
            case RUNNING -> i.status() == HistoricalImport.Status.PAUSED;
            case CANCELLED -> !i.status().finished();
        };
        if (!applies) {
            return Optional.empty();
        }
        var status = HistoricalImport.Status.valueOf(to.name());
        return Optional.of(put(new HistoricalImport(i.id(), i.workspace(), i.flow(), i.from(), i.to(), i.types(), status,
                to.name().toLowerCase() + " by " + actor, i.expected(), i.budgetShare(), i.readingDone(), i.pages(),
                i.progress(), i.createdBy(), i.createdAt(), now, status.finished() ? now : null, i.report())));
    }
}
