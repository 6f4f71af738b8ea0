package io.ledgerbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.domain.record.Customer;
import io.ledgerbridge.domain.record.Invoice;
import io.ledgerbridge.domain.record.InvoiceLine;
import io.ledgerbridge.domain.record.InvoiceStatus;
import io.ledgerbridge.domain.record.Product;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.record.SourceRecord;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.FlowSettings;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.engine.intake.RecordIntake;
import io.ledgerbridge.engine.mapping.SourceRecords;
import io.ledgerbridge.store.connection.PostgresConnections;
import io.ledgerbridge.store.connection.TokenCipher;
import io.ledgerbridge.store.db.Database;
import io.ledgerbridge.store.flow.PostgresFlows;
import io.ledgerbridge.store.records.PostgresSourceRecords;
import io.ledgerbridge.store.testing.TestDatabase;
import io.ledgerbridge.store.workspace.PostgresWorkspaces;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Records arriving together are stored together: {@link SourceRecords#saveAll} gives each record what {@code save}
 * alone gives it (version, changed or not, one Pending event per flow and record, a Failed one superseded), and
 * {@link RecordIntake#receive} from many threads at once groups them into shared commits, each caller still getting
 * its own answer; a group that fails is stored again record by record.
 */
class GroupCommitIT {

    private Database db;
    private PostgresSourceRecords records;
    private ConnectionId source;
    private final Instant now = Instant.parse("2026-12-07T09:00:00Z");

    @BeforeEach
    void setUp() {
        db = TestDatabase.fresh(10);
        var jdbi = db.jdbi();
        records = new PostgresSourceRecords(jdbi);
        var connections = new PostgresConnections(jdbi, TokenCipher.fromJsonKeyset(TokenCipher.newJsonKeyset()));
        var flows = new PostgresFlows(jdbi);
        var ws = new PostgresWorkspaces(jdbi).create("Grouped", now);
        source = connections.create(ws, "native", "shop", Map.of(), null, now);
        for (var name : List.of("books A", "books B")) {
            var books = connections.create(ws, "reference", name, Map.of("ledger", name), new TokenSet("t", null, null), now);
            flows.create(ws, source, books, FlowSettings.defaults(), now);
        }
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static Customer customer(String id, String email) {
        return new Customer(id, "Customer " + id, email, null, null, null);
    }

    private static Invoice invoice(String id, String customer, String price) {
        return new Invoice(id, "N-" + id, InvoiceStatus.OPEN, customer, "USD", LocalDate.of(2026, 12, 1), null,
                List.of(new InvoiceLine("W-1", "Widget", BigDecimal.ONE, new BigDecimal(price), null)), null, null);
    }

    private long count(String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    @Test
    void a_group_gives_each_record_what_saving_it_alone_gives() {
        var first = records.saveAll(source, List.of(customer("c1", "a@example.com"), invoice("i1", "c1", "10.00"),
                invoice("i2", "c1", "20.00"), invoice("i1", "c1", "11.00"), customer("c1", "a@example.com")), now);

        assertThat(first).extracting(SourceRecords.Saved::version).containsExactly(1L, 1L, 1L, 2L, 1L);
        assertThat(first).extracting(SourceRecords.Saved::changed).containsExactly(true, true, true, true, false);
        assertThat(first.get(0).events()).hasSize(2);
        assertThat(first.get(4).events()).isEmpty();
        assertThat(first.get(3).events()).as("a change while the first version's sync waits keeps that sync")
                .isEqualTo(first.get(1).events());
        assertThat(count("SELECT count(*) FROM sync_event WHERE status = 'PENDING'")).isEqualTo(6);
        assertThat(count("SELECT count(*) FROM source_record")).isEqualTo(3);
        assertThat(records.find(source, RecordType.INVOICE, List.of("i1")).get("i1"))
                .isEqualTo(invoice("i1", "c1", "11.00"));

        // The same again changes nothing; a change after a failed sync supersedes the failure.
        var again = records.saveAll(source, List.of(invoice("i2", "c1", "20.00")), now);
        assertThat(again.getFirst().changed()).isFalse();
        assertThat(again.getFirst().version()).isEqualTo(1L);
        db.jdbi().useHandle(h -> h.execute("UPDATE sync_event SET status = 'FAILED' WHERE source_id = 'i2'"));
        var fixed = records.saveAll(source, List.of(invoice("i2", "c1", "21.00"), customer("c2", "b@example.com")), now);
        assertThat(fixed.getFirst().version()).isEqualTo(2L);
        assertThat(fixed.getFirst().events()).hasSize(2);
        var skipped = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT skip_reason FROM sync_event WHERE source_id = 'i2' AND status = 'SKIPPED' ORDER BY id").mapTo(String.class).list());
        assertThat(skipped).hasSize(2).allSatisfy(reason -> assertThat(reason).matches(
                "Superseded by a newer change of the record \\(sync \\d+\\)\\."));
        assertThat(count("SELECT count(*) FROM sync_event WHERE source_id = 'i2' AND status = 'PENDING'")).isEqualTo(2);
        assertThat(records.find(source, RecordType.PRODUCT, List.of("x"))).isEmpty();
        records.saveAll(source, List.of(new Product("p1", "SKU-9", "Gadget", null, new BigDecimal("5.00"), "USD", null)), now);
        assertThat(records.productsBySku(source, List.of("SKU-9"))).containsKey("SKU-9");
    }

    @Test
    void an_invoice_may_name_a_customer_sent_before_it_in_the_same_group_but_not_one_never_sent() {
        var intake = new RecordIntake(records, Clock.systemUTC(), () -> {});
        var results = intake.receiveAll(source, List.of(invoice("early", "c9", "1.00"), customer("c9", "c9@example.com"),
                invoice("late", "c9", "1.00"), invoice("orphan", "nobody", "1.00"),
                new Invoice("broken", "N-broken", InvoiceStatus.OPEN, "c9", "USD", LocalDate.of(2026, 12, 1), null, List.of(),
                        null, null)));
        assertThat(results.get(0)).isInstanceOfSatisfying(RecordIntake.Result.Invalid.class, i ->
                assertThat(i.problems().getFirst().problem()).isEqualTo("customer 'c9' is unknown; create the customer first"));
        assertThat(results.get(1)).isInstanceOf(RecordIntake.Result.Accepted.class);
        assertThat(results.get(2)).isInstanceOf(RecordIntake.Result.Accepted.class);
        assertThat(results.get(3)).isInstanceOf(RecordIntake.Result.Invalid.class);
        assertThat(results.get(4)).isInstanceOf(RecordIntake.Result.Invalid.class);
        assertThat(count("SELECT count(*) FROM source_record")).as("only what was valid is stored").isEqualTo(2);
    }

    /** Counts the groups the intake stores, and can fail every group of more than one record. */
    private static final class Watched implements SourceRecords {
        final SourceRecords inner;
        final ConcurrentLinkedQueue<Integer> groups = new ConcurrentLinkedQueue<>();
        final AtomicBoolean failGroups = new AtomicBoolean();

        Watched(SourceRecords inner) {
            this.inner = inner;
        }

        @Override
        public List<Saved> saveAll(ConnectionId source, List<? extends SourceRecord> batch, Instant now) {
            groups.add(batch.size());
            if (failGroups.get() && batch.size() > 1) {
                throw new IllegalStateException("a fault in the store for groups");
            }
            return inner.saveAll(source, batch, now);
        }

        @Override
        public Map<String, SourceRecord> find(ConnectionId s, RecordType type, Collection<String> ids) {
            return inner.find(s, type, ids);
        }

        @Override
        public Map<String, Product> productsBySku(ConnectionId s, Collection<String> skus) {
            return inner.productsBySku(s, skus);
        }

        @Override
        public boolean exists(ConnectionId s, RecordType type, String id) {
            return inner.exists(s, type, id);
        }

        @Override
        public Set<String> existing(ConnectionId s, RecordType type, Collection<String> ids) {
            return inner.existing(s, type, ids);
        }

        @Override
        public Saved save(ConnectionId s, SourceRecord record, Instant now) {
            return inner.save(s, record, now);
        }
    }

    private List<RecordIntake.Result> pushTogether(RecordIntake intake, String prefix, int threads, int each) throws Exception {
        intake.receive(source, customer("c1", "a@example.com"));
        var results = new ConcurrentLinkedQueue<RecordIntake.Result>();
        try (var pool = Executors.newFixedThreadPool(threads)) {
            var futures = new ArrayList<java.util.concurrent.Future<?>>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        results.add(intake.receive(source, invoice(prefix + thread + "-" + i, "c1", "10.00")));
                    }
                }));
            }
            for (var f : futures) {
                f.get();
            }
        }
        return List.copyOf(results);
    }

    @Test
    void records_pushed_at_once_from_many_threads_share_commits_and_each_is_stored_once_with_its_syncs() throws Exception {
        var watched = new Watched(records);
        var intake = new RecordIntake(watched, Clock.systemUTC(), () -> {});
        var results = pushTogether(intake, "t", 32, 40);

        assertThat(results).hasSize(1280).allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(RecordIntake.Result.Accepted.class,
                a -> assertThat(a.saved().events()).hasSize(2)));
        assertThat(count("SELECT count(*) FROM source_record WHERE record_type = 'INVOICE'")).isEqualTo(1280);
        assertThat(count("SELECT count(*) FROM sync_event WHERE record_type = 'INVOICE'")).isEqualTo(2560);
        assertThat(count("SELECT count(DISTINCT (flow_id, source_id)) FROM sync_event WHERE record_type = 'INVOICE'"))
                .isEqualTo(2560);
        assertThat(watched.groups.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1281);
        assertThat(watched.groups.stream().mapToInt(Integer::intValue).max().orElse(0))
                .as("records waiting together are committed together").isGreaterThan(1);
        assertThat(watched.groups.size()).as("fewer commits than records").isLessThan(1281);
    }

    @Test
    void a_group_whose_commit_fails_is_stored_again_record_by_record_and_no_caller_sees_the_fault() throws Exception {
        var watched = new Watched(records);
        watched.failGroups.set(true);
        var intake = new RecordIntake(watched, Clock.systemUTC(), () -> {});
        var results = pushTogether(intake, "f", 16, 20);
        assertThat(results).hasSize(320).allSatisfy(r -> assertThat(r).isInstanceOf(RecordIntake.Result.Accepted.class));
        assertThat(count("SELECT count(*) FROM source_record WHERE record_type = 'INVOICE'")).isEqualTo(320);
        assertThat(count("SELECT count(*) FROM sync_event WHERE record_type = 'INVOICE'")).isEqualTo(640);
        assertThat(watched.groups.stream().anyMatch(g -> g > 1)).as("groups were tried, failed, and redone alone").isTrue();
    }
}
