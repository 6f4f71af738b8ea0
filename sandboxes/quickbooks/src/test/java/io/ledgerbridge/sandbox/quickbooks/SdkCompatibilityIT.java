package io.ledgerbridge.sandbox.quickbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.intuit.ipp.core.Context;
import com.intuit.ipp.core.IEntity;
import com.intuit.ipp.core.ServiceType;
import com.intuit.ipp.data.Customer;
import com.intuit.ipp.data.EmailAddress;
import com.intuit.ipp.data.Error;
import com.intuit.ipp.data.Invoice;
import com.intuit.ipp.data.Item;
import com.intuit.ipp.data.ItemTypeEnum;
import com.intuit.ipp.data.Line;
import com.intuit.ipp.data.LineDetailTypeEnum;
import com.intuit.ipp.data.OperationEnum;
import com.intuit.ipp.data.ReferenceType;
import com.intuit.ipp.data.SalesItemLineDetail;
import com.intuit.ipp.exception.FMSException;
import com.intuit.ipp.security.OAuth2Authorizer;
import com.intuit.ipp.services.BatchOperation;
import com.intuit.ipp.services.DataService;
import com.intuit.ipp.services.QueryResult;
import com.intuit.ipp.util.Config;
import io.ledgerbridge.sandbox.quickbooks.oauth.OAuthApp;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official Intuit Java SDK (ipp-v3-java-devkit 6.4.2) pointed at the sandbox: if the SDK reads our JSON, our
 * field names and envelopes match the XSD-generated classes it was built from.
 */
class SdkCompatibilityIT {
    static final String REALM = "9130357766435596";
    static QuickBooksSandbox sandbox;
    static DataService dataService;

    @BeforeAll
    static void start() throws FMSException {
        sandbox = QuickBooksSandbox.start(0);
        sandbox.createRealm(REALM, "SDK Test Co");
        sandbox.registerApp(OAuthApp.of("sdk-app", "sdk-secret", "http://localhost/cb"));
        String accessToken = sandbox.issueTokens("sdk-app", REALM).accessToken();
        Config.setProperty(Config.BASE_URL_QBO, sandbox.baseUrl() + "/v3/company");
        Config.setProperty(Config.SERIALIZATION_REQUEST_FORMAT, "json");
        Config.setProperty(Config.SERIALIZATION_RESPONSE_FORMAT, "json");
        // SDK 6.4.2's Apache HttpClient transport connects to new HttpHost(uri.getHost(), -1, scheme): it drops the
        // port of BASE_URL_QBO (port 80 for http). Its HttpURLConnection transport keeps it.
        Config.setProperty(Config.HTTP_TRANSPORT, "HTTP_URL_CONNECTION");
        Context context = new Context(new OAuth2Authorizer(accessToken), ServiceType.QBO, REALM);
        dataService = new DataService(context);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static ReferenceType ref(String value) {
        ReferenceType ref = new ReferenceType();
        ref.setValue(value);
        return ref;
    }

    static Customer customer(String name) {
        Customer customer = new Customer();
        customer.setDisplayName(name);
        EmailAddress email = new EmailAddress();
        email.setAddress(name.toLowerCase().replace(' ', '.') + "@example.com");
        customer.setPrimaryEmailAddr(email);
        return customer;
    }

    @Test
    void sdk_creates_customer_item_and_invoice_and_queries_them_back() throws FMSException {
        Customer customer = dataService.add(customer("SDK Customer"));
        assertThat(customer.getId()).isNotBlank();
        assertThat(customer.getSyncToken()).isEqualTo("0");
        assertThat(customer.getMetaData().getCreateTime()).isNotNull();

        Item item = new Item();
        item.setName("SDK Widget");
        item.setSku("SDK-1");
        item.setType(ItemTypeEnum.SERVICE);
        item.setUnitPrice(new BigDecimal("12.50"));
        item.setIncomeAccountRef(ref("1"));
        Item savedItem = dataService.add(item);
        assertThat(savedItem.getSku()).isEqualTo("SDK-1");

        SalesItemLineDetail detail = new SalesItemLineDetail();
        detail.setItemRef(ref(savedItem.getId()));
        detail.setQty(new BigDecimal("2"));
        detail.setUnitPrice(new BigDecimal("12.50"));
        Line line = new Line();
        line.setAmount(new BigDecimal("25.00"));
        line.setDetailType(LineDetailTypeEnum.SALES_ITEM_LINE_DETAIL);
        line.setSalesItemLineDetail(detail);
        Invoice invoice = new Invoice();
        invoice.setCustomerRef(ref(customer.getId()));
        invoice.setDocNumber("SDK-1001");
        invoice.setLine(List.of(line));
        Invoice savedInvoice = dataService.add(invoice);
        assertThat(savedInvoice.getTotalAmt()).isEqualByComparingTo("25.00");
        assertThat(savedInvoice.getBalance()).isEqualByComparingTo("25.00");
        assertThat(savedInvoice.getLine()).hasSize(2);
        assertThat(savedInvoice.getLine().get(1).getDetailType()).isEqualTo(LineDetailTypeEnum.SUB_TOTAL_LINE_DETAIL);

        QueryResult customers = dataService.executeQuery("select * from Customer where DisplayName = 'SDK Customer'");
        assertThat(customers.getEntities()).hasSize(1);
        assertThat(((Customer) customers.getEntities().getFirst()).getPrimaryEmailAddr().getAddress()).isEqualTo("sdk.customer@example.com");
        QueryResult items = dataService.executeQuery("select * from Item where Sku = 'SDK-1'");
        assertThat(((Item) items.getEntities().getFirst()).getName()).isEqualTo("SDK Widget");
        QueryResult invoices = dataService.executeQuery("select * from Invoice where DocNumber = 'SDK-1001'");
        assertThat(((Invoice) invoices.getEntities().getFirst()).getId()).isEqualTo(savedInvoice.getId());
        QueryResult count = dataService.executeQuery("select count(*) from Invoice");
        assertThat(count.getTotalCount()).isEqualTo(1);

        Invoice read = dataService.findById(savedInvoice);
        assertThat(read.getDocNumber()).isEqualTo("SDK-1001");
    }

    @Test
    void duplicate_name_arrives_as_the_sdk_exception_with_code_6240() throws FMSException {
        dataService.add(customer("SDK Duplicate"));
        FMSException e = catchThrowableOfType(FMSException.class, () -> dataService.add(customer("SDK Duplicate")));
        // QuickBooks' fault type is "ValidationFault" (API_FACTS A.5); SDK 6.4.2's HandleResponseInterceptor only maps
        // type "Validation" to ValidationException, so against the real service too this arrives as FMSException.
        assertThat(e).isExactlyInstanceOf(FMSException.class);
        assertThat(e.getErrorList()).extracting(Error::getCode).containsExactly("6240");
        assertThat(e.getErrorList().getFirst().getMessage()).isEqualTo("Duplicate Name Exists Error");
    }

    @Test
    void sdk_batch_with_a_success_a_fault_and_a_query() throws FMSException {
        dataService.add(customer("SDK Batch Existing"));
        BatchOperation batch = new BatchOperation();
        batch.addEntity(customer("SDK Batch New"), OperationEnum.CREATE, "b1");
        batch.addEntity(customer("SDK Batch Existing"), OperationEnum.CREATE, "b2");
        batch.addQuery("select * from Customer where DisplayName = 'SDK Batch Existing'", "b3");
        dataService.executeBatch(batch);

        IEntity created = batch.getEntity("b1");
        assertThat(((Customer) created).getDisplayName()).isEqualTo("SDK Batch New");
        assertThat(batch.isFault("b2")).isTrue();
        assertThat(batch.getFault("b2").getError().getFirst().getCode()).isEqualTo("6240");
        assertThat(batch.getQueryResponse("b3").getEntities()).hasSize(1);
    }
}
