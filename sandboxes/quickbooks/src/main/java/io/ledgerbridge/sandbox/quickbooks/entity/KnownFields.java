package io.ledgerbridge.sandbox.quickbooks.entity;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerbridge.sandbox.quickbooks.fault.FaultException;
import io.ledgerbridge.sandbox.quickbooks.fault.Faults;
import java.util.Iterator;
import java.util.Set;

/**
 * The property names the XSDs define (element names through the extension chain plus the IntuitEntity attributes
 * domain, status, sparse), for the entities clients write. An unknown property is fault 2010, as QuickBooks' JSON
 * binding answers: "Property Name:Unrecognized field … not marked as ignorable" (routablehq/python-quickbooks#299).
 * Names read from Finance.xsd, IntuitNamesTypes.xsd and IntuitBaseTypes.xsd (ipp-v3-java-data 6.4.2).
 */
final class KnownFields {
    private KnownFields() {}

    static final Set<String> CUSTOMER = Set.of(
            "Id", "SyncToken", "MetaData", "CustomField", "AttachableRef", "IntuitId", "Organization", "Title",
            "GivenName", "MiddleName", "FamilyName", "Suffix", "FullyQualifiedName", "CompanyName", "DisplayName",
            "PrintOnCheckName", "UserId", "Active", "V4IDPseudonym", "PrimaryPhone", "AlternatePhone", "Mobile", "Fax",
            "PrimaryEmailAddr", "WebAddr", "OtherContactInfo", "DefaultTaxCodeRef", "Taxable", "BillAddr", "ShipAddr",
            "OtherAddr", "ContactName", "AltContactName", "Notes", "Job", "BillWithParent", "RootCustomerRef",
            "ParentRef", "Level", "CustomerTypeRef", "SalesTermRef", "SalesRepRef", "TaxGroupCodeRef", "TaxRateRef",
            "PaymentMethodRef", "CCDetail", "PriceLevelRef", "Balance", "OpenBalanceDate", "BalanceWithJobs",
            "CreditLimit", "AcctNum", "CurrencyRef", "OverDueBalance", "TotalRevenue", "TotalExpense",
            "PreferredDeliveryMethod", "ResaleNum", "JobInfo", "TDSEnabled", "CustomerEx", "SecondaryTaxIdentifier",
            "ARAccountRef", "PrimaryTaxIdentifier", "TaxExemptionReasonId", "IsProject", "BusinessNumber", "GSTIN",
            "GSTRegistrationType", "IsCISContractor", "ClientCompanyId", "ClientEntityId", "Source", "TaxRegime",
            "domain", "status", "sparse"
    );
    static final Set<String> ITEM = Set.of(
            "Id", "SyncToken", "MetaData", "CustomField", "AttachableRef", "Name", "Sku", "Description", "Active",
            "SubItem", "ParentRef", "Level", "FullyQualifiedName", "Taxable", "SalesTaxIncluded", "PercentBased",
            "UnitPrice", "RatePercent", "Type", "PaymentMethodRef", "UOMSetRef", "IncomeAccountRef", "PurchaseDesc",
            "PurchaseTaxIncluded", "PurchaseCost", "ExpenseAccountRef", "COGSAccountRef", "AssetAccountRef",
            "PrefVendorRef", "AvgCost", "TrackQtyOnHand", "QtyOnHand", "QtyOnPurchaseOrder", "QtyOnSalesOrder",
            "ReorderPoint", "ManPartNum", "DepositToAccountRef", "SalesTaxCodeRef", "PurchaseTaxCodeRef", "InvStartDate",
            "BuildPoint", "PrintGroupedItems", "SpecialItem", "SpecialItemType", "ItemGroupDetail", "ItemAssemblyDetail",
            "AbatementRate", "ReverseChargeRate", "ServiceType", "ItemCategoryType", "ItemEx", "TaxClassificationRef",
            "UQCDisplayText", "UQCId", "ClassRef", "Source", "DeferredRevenue", "domain", "status", "sparse"
    );
    static final Set<String> INVOICE = Set.of(
            "Id", "SyncToken", "MetaData", "CustomField", "AttachableRef", "DocNumber", "TxnDate", "DepartmentRef",
            "CurrencyRef", "ExchangeRate", "PrivateNote", "TxnStatus", "LinkedTxn", "Line", "TxnTaxDetail", "TxnSource",
            "TaxFormType", "TaxFormNum", "TransactionLocationType", "Tag", "TxnApprovalInfo", "RecurDataRef",
            "RecurringInfo", "ProjectRef", "TotalCostAmount", "HomeTotalCostAmount", "AutoDocNumber", "CustomerRef",
            "CustomerMemo", "BillAddr", "ShipAddr", "FreeFormAddress", "ShipFromAddr", "RemitToRef", "ClassRef",
            "SalesTermRef", "DueDate", "SalesRepRef", "PONumber", "FOB", "ShipMethodRef", "ShipDate", "TrackingNum",
            "GlobalTaxCalculation", "TotalAmt", "HomeTotalAmt", "ApplyTaxAfterDiscount", "ShippingTaxIncludedInTotalTax",
            "TemplateRef", "PrintStatus", "EmailStatus", "BillEmail", "BillEmailCc", "BillEmailBcc", "ARAccountRef",
            "Balance", "HomeBalance", "FinanceCharge", "PaymentMethodRef", "PaymentRefNum", "PaymentType", "CheckPayment",
            "CreditCardPayment", "DepositToAccountRef", "DeliveryInfo", "DiscountRate", "DiscountAmt",
            "GovtTxnRefIdentifier", "TaxExemptionRef", "Deposit", "AllowIPNPayment", "AllowOnlinePayment",
            "AllowOnlineCreditCardPayment", "AllowOnlineACHPayment", "AllowOnlinePayPalPayment", "EInvoiceStatus",
            "ECloudStatusTimeStamp", "CfdiUse", "Exportation", "GlobalInfo", "invoiceStatus", "callToAction",
            "invoiceStatusLog", "InvoiceEx", "LessCIS", "InvoiceLink", "PaymentDetailsMessage", "ConvenienceFeeDetail",
            "InvoiceLinkSecurityCode", "InvoiceLinkExpiryDate", "AutoPayEligible", "SchedulePayEligible",
            "ScheduledPaymentId", "GratuityEnabled", "FinancingProductType", "SubscriptionPaymentsSetting", "domain",
            "status", "sparse"
    );
    static final Set<String> PAYMENT = Set.of(
            "Id", "SyncToken", "MetaData", "CustomField", "AttachableRef", "DocNumber", "TxnDate", "DepartmentRef",
            "CurrencyRef", "ExchangeRate", "PrivateNote", "TxnStatus", "LinkedTxn", "Line", "TxnTaxDetail", "TxnSource",
            "TaxFormType", "TaxFormNum", "TransactionLocationType", "Tag", "TxnApprovalInfo", "RecurDataRef",
            "RecurringInfo", "ProjectRef", "TotalCostAmount", "HomeTotalCostAmount", "CustomerRef", "RemitToRef",
            "ARAccountRef", "DepositToAccountRef", "PaymentMethodRef", "PaymentRefNum", "PaymentType", "CheckPayment",
            "CreditCardPayment", "TotalAmt", "UnappliedAmt", "ProcessPayment", "PaymentEx", "domain", "status", "sparse"
    );
    static final Set<String> LINE = Set.of(
            "Id", "LineNum", "Description", "Amount", "Received", "LinkedTxn", "DetailType", "PaymentLineDetail",
            "DiscountLineDetail", "TaxLineDetail", "SalesItemLineDetail", "DescriptionLineDetail",
            "ItemBasedExpenseLineDetail", "AccountBasedExpenseLineDetail", "ReimburseLineDetail", "DepositLineDetail",
            "PurchaseOrderItemLineDetail", "SalesOrderItemLineDetail", "ItemReceiptLineDetail", "JournalEntryLineDetail",
            "GroupLineDetail", "SubTotalLineDetail", "TDSLineDetail", "ItemAdjustmentLineDetail", "CustomField", "LineEx",
            "ProjectRef", "CostAmount", "HomeCostAmount"
    );
    static final Set<String> SALES_ITEM_LINE_DETAIL = Set.of(
            "ItemRef", "ClassRef", "UnitPrice", "UnitCostPrice", "RatePercent", "PriceLevelRef", "MarkupInfo", "Qty",
            "UOMRef", "ItemAccountRef", "InventorySiteRef", "TaxCodeRef", "TaxClassificationRef", "ServiceDate",
            "TaxInclusiveAmt", "DiscountRate", "DiscountAmt", "DeferredRevenue", "SalesItemLineDetailEx"
    );

    static void check(EntityType type, JsonNode body) {
        Set<String> allowed = switch (type) {
            case CUSTOMER -> CUSTOMER;
            case ITEM -> ITEM;
            case INVOICE -> INVOICE;
            case PAYMENT -> PAYMENT;
            default -> null;
        };
        if (allowed == null) {
            return;
        }
        check(body, allowed, type.entityName());
        for (JsonNode line : body.path("Line")) {
            check(line, LINE, "Line");
            check(line.path("SalesItemLineDetail"), SALES_ITEM_LINE_DETAIL, "SalesItemLineDetail");
        }
    }

    private static void check(JsonNode node, Set<String> allowed, String className) {
        if (!node.isObject()) {
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field)) {
                throw unrecognized(field, className);
            }
        }
    }

    private static FaultException unrecognized(String field, String className) {
        return Faults.invalidRequest("Property Name:Unrecognized field \"" + field + "\" (class com.intuit.schema.finance.v3."
                + className + "), not marked as ignorable specified is unsupported or invalid");
    }
}
