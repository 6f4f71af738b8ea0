package io.ledgerbridge.sandbox.quickbooks.requestid;

import io.ledgerbridge.sandbox.quickbooks.api.ApiResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * {@code ?requestid=} idempotency of one realm (API_FACTS A.7): "if the request with the same request-id was sent
 * before, … it returns the response from original API request". The first response (status and body, a fault
 * included) is kept; a second request with the same id waits for the first to finish, then gets its response.
 * The real retention window is not documented (API_FACTS E.2); this keeps the latest {@value #CAPACITY} ids per
 * realm, so long benchmarks do not grow without bound.
 */
public final class ReplayCache {
    static final int CAPACITY = 50_000;

    private final ConcurrentHashMap<String, CompletableFuture<ApiResponse>> responses = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();

    public ApiResponse once(String requestId, Supplier<ApiResponse> work) {
        CompletableFuture<ApiResponse> mine = new CompletableFuture<>();
        CompletableFuture<ApiResponse> first = responses.putIfAbsent(requestId, mine);
        if (first == null) {
            order.add(requestId);
            while (responses.size() > CAPACITY) {
                String oldest = order.poll();
                if (oldest == null) {
                    break;
                }
                responses.remove(oldest);
            }
        } else {
            try {
                return first.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for requestid " + requestId, e);
            } catch (ExecutionException e) {
                return once(requestId, work); // the first attempt died with a bug, not a response: run again
            }
        }
        try {
            ApiResponse response = work.get();
            mine.complete(response);
            return response;
        } catch (RuntimeException e) {
            responses.remove(requestId, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    public int size() {
        return responses.size();
    }
}
