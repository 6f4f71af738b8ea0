package io.ledgerbridge.sandbox.quickbooks.fault;

/**
 * The catalogue of faults the sandbox returns, with the exact codes and texts of API_FACTS A.5. Anything marked
 * "design choice" is not documented by Intuit (see README, "Behaviour → source").
 */
public final class Faults {
    private Faults() {}

    private static FaultException validation(String code, String message, String detail, String element) {
        return new FaultException(Fault.of(400, Fault.VALIDATION, code, message, detail, element));
    }

    // API_FACTS A.5: 6240 Duplicate Name Exists Error (customer text [2ND], item text [UNCERTAIN])
    public static FaultException duplicateCustomerName(String name) {
        return validation("6240", "Duplicate Name Exists Error",
                "The name supplied already exists. : Another customer, vendor or employee is already using this name. Please use a different name.",
                "DisplayName");
    }

    public static FaultException duplicateItemName(String name) {
        return validation("6240", "Duplicate Name Exists Error",
                "The name supplied already exists. : Another product or service is already using this name. Please use a different name.",
                "Name");
    }

    // API_FACTS A.5: 6140 Duplicate Document Number Error
    public static FaultException duplicateDocNumber(String docNumber, String txnType, String txnId) {
        return validation("6140", "Duplicate Document Number Error",
                "Duplicate Document Number Error : You must specify a different number. This number has already been used. DocNumber="
                        + docNumber + " is assigned to TxnType=" + txnType + " with TxnId=" + txnId,
                "DocNumber");
    }

    // API_FACTS A.5: 5010 Stale Object Error
    public static FaultException staleObject() {
        return validation("5010", "Stale Object Error",
                "Stale Object Error : You and root were working on this at the same time. root finished before you did, so your work was not saved.",
                "SyncToken");
    }

    // API_FACTS A.5: 610 Object Not Found
    public static FaultException objectNotFound(String element) {
        return validation("610", "Object Not Found",
                "Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.",
                element);
    }

    // API_FACTS A.5: 6210 Account Period Closed
    public static FaultException accountPeriodClosed() {
        return validation("6210", "Account Period Closed, Cannot Update Through Services API",
                "The account period has closed and the account books cannot be updated through the QBO Services API. Please use the QBO website to make these changes.",
                "TxnDate");
    }

    // API_FACTS A.5: 2020 Required param missing [2ND/UNCERTAIN]; detail wording is a design choice
    public static FaultException requiredParamMissing(String param) {
        return validation("2020", "Required param missing, need to supply the required value for the API",
                "Required parameter " + param + " is missing in the request", param);
    }

    // API_FACTS A.5: 6000 A business validation error has occurred; the detail text is a design choice
    public static FaultException businessValidation(String detail, String element) {
        return validation("6000", "A business validation error has occurred while processing your request",
                "Business Validation Error: " + detail, element);
    }

    // API_FACTS A.5: 1040 Batch size exceeds allowed limit [2ND]
    public static FaultException batchSizeExceeded(int size, int max) {
        return validation("1040", "Batch size exceeds allowed limit",
                "Batch size " + size + " exceeds the allowed limit of " + max + " BatchItemRequest elements", "BatchItemRequest");
    }

    // intuit/QuickBooks-V3-PHP-SDK#397: Message "Error parsing query", Detail "QueryParserError: …", code 4000
    public static FaultException queryParse(String detail) {
        return validation("4000", "Error parsing query", "QueryParserError: " + detail, "");
    }

    public static FaultException queryValidation(String detail) {
        return validation("4001", "Invalid query", "QueryValidationError: " + detail, "");
    }

    // Design choice: QBO answers "Operation Delete is not supported." for lists and read-only entities.
    public static FaultException unsupportedOperation(String operation, String entity) {
        return validation("500", "Unsupported Operation", "Operation " + operation + " is not supported.", entity);
    }

    // Design choice: body that is not JSON / not an object.
    public static FaultException invalidRequest(String detail) {
        return validation("2010", "Request has invalid or unsupported property", detail, "");
    }

    // API_FACTS A.5: 3200 (HTTP 401) AuthenticationFailed, Fault type AUTHENTICATION
    public static FaultException authenticationFailed(String detail) {
        return new FaultException(Fault.of(401, Fault.GATEWAY_AUTHENTICATION, "3200",
                "message=AuthenticationFailed; errorCode=003200; statusCode=401", detail, ""));
    }

    // API_FACTS A.5: 100 (HTTP 401) General Authentication Error (token of another realm)
    public static FaultException generalAuthentication() {
        return new FaultException(Fault.of(401, Fault.AUTHENTICATION_FAULT, "100", "General Authentication Error",
                "AuthenticationErrorGeneral: SRV-110-Authentication Failure , statusCode: 401", ""));
    }

    // API_FACTS A.5: 3001 (HTTP 429) ThrottleExceeded, Fault type SERVICE, detail with two spaces
    public static Fault throttled() {
        return Fault.of(429, Fault.GATEWAY_SERVICE, "3001", "message=ThrottleExceeded; errorCode=003001; statusCode=429",
                "The request limit was reached.  Try again later", "");
    }

    // API_FACTS A.5: HTTP 503 unavailable; the body is a design choice
    public static Fault unavailable() {
        return Fault.of(503, Fault.SYSTEM, "503", "Service Unavailable",
                "The service is temporarily unavailable. Please retry later.", "");
    }
}
