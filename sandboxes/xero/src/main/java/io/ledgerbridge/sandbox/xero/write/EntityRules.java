package io.ledgerbridge.sandbox.xero.write;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The business rules of one collection: validate one submitted element and save it, all or nothing. */
public interface EntityRules {
    /**
     * @param pathId the id of {@code POST /{Thing}/{id}}, else null
     * @return the saved entity in wire form (a copy the caller may change)
     * @throws Invalid when Xero would refuse the element
     * @throws io.ledgerbridge.sandbox.xero.wire.XeroError for answers that are not about an element (404 of UPDATE_ONE)
     */
    ObjectNode write(WriteContext ctx, ObjectNode element, Mode mode, String pathId);
}
