package dev.touchpoint.ops;

/**
 * Request and response examples for the OpenAPI document, taken from real answers of a
 * standalone instance (the README's walk-through), so that Swagger UI alone shows a
 * dashboard builder what to send and what comes back.
 */
public final class ApiExamples {

    public static final String EVENT = "{\"eventId\":\"readme-1\",\"customerId\":\"cust-42\",\"type\":\"video_view\","
            + "\"channel\":\"tiktok\",\"timestamp\":\"2026-03-01T12:00:00Z\",\"properties\":{\"video\":\"spring-launch\"}}";

    public static final String BATCH = "{\"events\":[{\"eventId\":\"readme-2\",\"customerId\":\"cust-42\",\"type\":"
            + "\"product_view\",\"channel\":\"web\",\"timestamp\":\"2026-03-02T09:30:00Z\"},{\"customerId\":\"cust-42\","
            + "\"type\":\"Review Posted\"}]}";

    public static final String BATCH_ACCEPTED = "{\"accepted\":1,\"rejected\":[{\"index\":1,\"errors\":[{\"field\":\"type\","
            + "\"rule\":\"pattern\",\"message\":\"type must match [a-z0-9][a-z0-9_.:-]{0,63}\"}]}]}";

    public static final String FUNNEL = "{\"id\":\"social-to-store\",\"name\":\"Social to store\",\"stages\":["
            + "{\"key\":\"seen\",\"name\":\"Seen on social\"},{\"key\":\"engaged\",\"name\":\"Engaged\"},"
            + "{\"key\":\"bought\",\"name\":\"Bought\"}],\"rules\":[{\"stage\":\"bought\",\"match\":{\"types\":[\"purchase\"]}},"
            + "{\"stage\":\"engaged\",\"match\":{\"types\":[\"follow\",\"like\",\"store_visit\"]}},{\"stage\":\"seen\","
            + "\"match\":{\"types\":[\"video_*\",\"*_impression\"],\"channels\":[\"tiktok\",\"instagram\",\"tv\"]}}]}";

    public static final String FUNNEL_FROM_TEMPLATE = "{\"template\":\"aida\",\"id\":\"spring-aida\",\"name\":\"Spring campaign (AIDA)\"}";

    public static final String FLOW = "{\"funnel\":\"customer-journey\",\"from\":\"2026-03-01T00:00:00Z\",\"to\":"
            + "\"2026-04-01T00:00:00Z\",\"window\":\"P30D\",\"stages\":[{\"stage\":\"awareness\",\"visits\":5,\"forward\":4,"
            + "\"loopBack\":0,\"stalled\":1,\"movedAfterWindow\":0,\"noSuccessor\":1,\"conversionRate\":0.8,\"loopBackRate\":0.0,\"stallRate\":0.2,\"next\":"
            + "{\"interest\":2,\"consideration\":1,\"conversion\":1}},{\"stage\":\"interest\",\"visits\":2,\"forward\":1,"
            + "\"loopBack\":1,\"stalled\":0,\"movedAfterWindow\":0,\"noSuccessor\":0,\"conversionRate\":0.5,\"loopBackRate\":0.5,\"stallRate\":0.0,\"next\":"
            + "{\"awareness\":1,\"consideration\":1}},{\"stage\":\"retention\",\"visits\":0,\"forward\":0,\"loopBack\":0,"
            + "\"stalled\":0,\"movedAfterWindow\":0,\"noSuccessor\":0,\"conversionRate\":null,\"loopBackRate\":null,\"stallRate\":null,\"next\":{}}],\"transitions\":"
            + "[{\"from\":\"awareness\",\"to\":\"interest\",\"count\":2},{\"from\":\"interest\",\"to\":\"awareness\",\"count\":1}]}";

    public static final String FLOW_CSV = "stage,visits,forward,loopBack,stalled,movedAfterWindow,noSuccessor,conversionRate,loopBackRate,stallRate\r\n"
            + "awareness,5,4,0,1,0,1,0.8,0.0,0.2\r\ninterest,2,1,1,0,0,0,0.5,0.5,0.0\r\nretention,0,0,0,0,0,0,,,\r\n";

    private static final String TIME_TO_INTEREST = ""
            + "[{\"upTo\":\"PT1M\",\"customers\":0},{\"upTo\":\"PT5M\",\"customers\":0},{\"upTo\":\"PT15M\",\"customers\":0},"
            + "{\"upTo\":\"PT1H\",\"customers\":0},{\"upTo\":\"PT6H\",\"customers\":1},{\"upTo\":\"P1D\",\"customers\":1},"
            + "{\"upTo\":\"P3D\",\"customers\":0},{\"upTo\":\"P7D\",\"customers\":0},{\"upTo\":\"P14D\",\"customers\":0},"
            + "{\"upTo\":\"P30D\",\"customers\":0},{\"upTo\":null,\"customers\":0}]";

    private static final String TIME_TO_CONSIDERATION = ""
            + "[{\"upTo\":\"PT1M\",\"customers\":0},{\"upTo\":\"PT5M\",\"customers\":0},{\"upTo\":\"PT15M\",\"customers\":0},"
            + "{\"upTo\":\"PT1H\",\"customers\":0},{\"upTo\":\"PT6H\",\"customers\":0},{\"upTo\":\"P1D\",\"customers\":0},"
            + "{\"upTo\":\"P3D\",\"customers\":0},{\"upTo\":\"P7D\",\"customers\":1},{\"upTo\":\"P14D\",\"customers\":0},"
            + "{\"upTo\":\"P30D\",\"customers\":0},{\"upTo\":null,\"customers\":0}]";

    public static final String CONVERSION = "{\"funnel\":\"customer-journey\",\"mode\":\"strict\",\"from\":"
            + "\"2026-03-01T00:00:00Z\",\"to\":\"2026-04-01T00:00:00Z\",\"window\":\"P14D\",\"steps\":[{\"stage\":\"awareness\","
            + "\"customers\":3,\"stepConversionRate\":1.0,\"overallConversionRate\":1.0,\"medianSecondsFromPrevious\":null,"
            + "\"timeToConvert\":null},{\"stage\":\"interest\",\"customers\":2,\"stepConversionRate\":0.6666666666666666,"
            + "\"overallConversionRate\":0.6666666666666666,\"medianSecondsFromPrevious\":19950.0,\"timeToConvert\":"
            + TIME_TO_INTEREST + "},{\"stage\":\"consideration\",\"customers\":1,"
            + "\"stepConversionRate\":0.5,\"overallConversionRate\":0.3333333333333333,\"medianSecondsFromPrevious\":276900.0,"
            + "\"timeToConvert\":" + TIME_TO_CONSIDERATION + "}],"
            + "\"medians\":{\"estimated\":false,\"customers\":3}}";

    public static final String TRENDS = "{\"funnel\":\"customer-journey\",\"interval\":\"week\",\"from\":"
            + "\"2026-03-01T00:00:00Z\",\"to\":\"2026-03-15T00:00:00Z\",\"window\":\"P30D\",\"buckets\":[{\"start\":"
            + "\"2026-03-02T00:00:00Z\",\"end\":\"2026-03-09T00:00:00Z\",\"stages\":[{\"stage\":\"awareness\",\"visits\":3,"
            + "\"forward\":2,\"loopBack\":0,\"stalled\":1,\"movedAfterWindow\":0,\"noSuccessor\":1,\"conversionRate\":0.6666666666666666,\"loopBackRate\":0.0,"
            + "\"stallRate\":0.3333333333333333,\"next\":{\"interest\":1,\"conversion\":1}}]}]}";

    /** The README tour's journeys (steps 1 and 4), March 2026, the default model (linear). */
    public static final String CHANNELS = "{\"funnel\":\"customer-journey\",\"model\":\"linear\",\"from\":\"2026-03-01T00:00:00Z\","
            + "\"to\":\"2026-04-01T00:00:00Z\",\"window\":\"P30D\",\"stages\":[{\"stage\":\"awareness\","
            + "\"channels\":[{\"channel\":\"tiktok\",\"advancement\":1.5,\"loopBack\":0.0,\"advancementShare\":0.375,"
            + "\"loopBackShare\":null},{\"channel\":\"web\",\"advancement\":1.5,\"loopBack\":0.0,"
            + "\"advancementShare\":0.375,\"loopBackShare\":null},{\"channel\":\"instagram\",\"advancement\":0.5,"
            + "\"loopBack\":0.0,\"advancementShare\":0.125,\"loopBackShare\":null},{\"channel\":\"tv\",\"advancement\":0.5,"
            + "\"loopBack\":0.0,\"advancementShare\":0.125,\"loopBackShare\":null}]},{\"stage\":\"interest\","
            + "\"channels\":[{\"channel\":\"instagram\",\"advancement\":0.5,\"loopBack\":0.0,\"advancementShare\":0.5,"
            + "\"loopBackShare\":null},{\"channel\":\"store\",\"advancement\":0.5,\"loopBack\":0.0,"
            + "\"advancementShare\":0.5,\"loopBackShare\":null}]},{\"stage\":\"consideration\","
            + "\"channels\":[{\"channel\":\"web\",\"advancement\":0.0,\"loopBack\":1.0,\"advancementShare\":null,"
            + "\"loopBackShare\":0.5},{\"channel\":\"store\",\"advancement\":0.0,\"loopBack\":0.5,"
            + "\"advancementShare\":null,\"loopBackShare\":0.25},{\"channel\":\"tiktok\",\"advancement\":0.0,"
            + "\"loopBack\":0.5,\"advancementShare\":null,\"loopBackShare\":0.25}]},{\"stage\":\"conversion\","
            + "\"channels\":[]},{\"stage\":\"retention\",\"channels\":[]},{\"stage\":\"advocacy\",\"channels\":[]}],"
            + "\"total\":{\"channels\":[{\"channel\":\"web\",\"advancement\":1.5,\"loopBack\":1.0,\"advancementShare\":0.3,"
            + "\"loopBackShare\":0.5},{\"channel\":\"tiktok\",\"advancement\":1.5,\"loopBack\":0.5,"
            + "\"advancementShare\":0.3,\"loopBackShare\":0.25},{\"channel\":\"instagram\",\"advancement\":1.0,"
            + "\"loopBack\":0.0,\"advancementShare\":0.2,\"loopBackShare\":0.0},{\"channel\":\"store\",\"advancement\":0.5,"
            + "\"loopBack\":0.5,\"advancementShare\":0.1,\"loopBackShare\":0.25},{\"channel\":\"tv\",\"advancement\":0.5,"
            + "\"loopBack\":0.0,\"advancementShare\":0.1,\"loopBackShare\":0.0}]}}";

    public static final String CHANNELS_CSV = "stage,channel,advancement,loopBack,advancementShare,loopBackShare\r\nawareness,tiktok,1.5,0.0,0.375,"
            + "\r\nawareness,web,1.5,0.0,0.375,\r\nawareness,instagram,0.5,0.0,0.125,\r\nawareness,tv,0.5,0.0,0.125,"
            + "\r\ninterest,instagram,0.5,0.0,0.5,\r\ninterest,store,0.5,0.0,0.5,\r\nconsideration,web,0.0,1.0,,"
            + "0.5\r\nconsideration,store,0.0,0.5,,0.25\r\nconsideration,tiktok,0.0,0.5,,0.25\r\n,web,1.5,1.0,0.3,0.5\r\n,"
            + "tiktok,1.5,0.5,0.3,0.25\r\n,instagram,1.0,0.0,0.2,0.0\r\n,store,0.5,0.5,0.1,0.25\r\n,tv,0.5,0.0,0.1,0.0\r\n";

    public static final String CHANNELS_MARKOV = "{\"funnel\":\"customer-journey\",\"model\":\"markov\",\"target\":\"conversion\","
            + "\"from\":\"2026-03-01T00:00:00Z\",\"to\":\"2026-04-01T00:00:00Z\",\"channels\":[{\"channel\":\"web\","
            + "\"removalEffect\":1.0,\"share\":0.4090909090909091},{\"channel\":\"tiktok\","
            + "\"removalEffect\":0.6666666666666666,\"share\":0.27272727272727276},{\"channel\":\"tv\","
            + "\"removalEffect\":0.33333333333333337,\"share\":0.13636363636363638},{\"channel\":\"instagram\","
            + "\"removalEffect\":0.2222222222222221,\"share\":0.09090909090909087},{\"channel\":\"store\","
            + "\"removalEffect\":0.2222222222222221,\"share\":0.09090909090909087}]}";

    public static final String CHANNELS_MARKOV_CSV = "target,channel,removalEffect,share\r\nconversion,web,1.0,0.4090909090909091\r\nconversion,tiktok,"
            + "0.6666666666666666,0.27272727272727276\r\nconversion,tv,0.33333333333333337,"
            + "0.13636363636363638\r\nconversion,instagram,0.2222222222222221,0.09090909090909087\r\nconversion,store,"
            + "0.2222222222222221,0.09090909090909087\r\n";

    public static final String BACKFILLING = "{\"funnel\":\"social-to-store\",\"state\":\"running\",\"progress\":0.42,"
            + "\"detail\":\"The funnel's stored history is being attributed to its current rules; results follow once the"
            + " backfill is done.\"}";

    public static final String IDENTITIES = "{\"customerId\":\"cust-55\",\"identities\":[{\"anonymousId\":\"laptop-91c2\","
            + "\"linkedBy\":\"explicit\",\"linkedAt\":\"2026-03-05T08:00:00Z\"},{\"anonymousId\":\"phone-7f3a\","
            + "\"linkedBy\":\"event\",\"eventId\":\"signup-1\",\"timestamp\":\"2026-03-02T10:15:00Z\"}]}";
    public static final String IDENTITIES_CSV = "customerId,anonymousId,linkedBy,eventId,timestamp,linkedAt\r\n"
            + "cust-55,laptop-91c2,explicit,,,2026-03-05T08:00:00Z\r\ncust-55,phone-7f3a,event,signup-1,2026-03-02T10:15:00Z,\r\n";
    public static final String IDENTITY_EXPLICIT = "{\"anonymousId\":\"laptop-91c2\",\"linkedBy\":\"explicit\","
            + "\"linkedAt\":\"2026-03-05T08:00:00Z\"}";

    private ApiExamples() {
    }
}
