/**
 * Bianwei's library: the {@link io.bianwei.Screener} facade and its value types ({@code io.bianwei}), and the facts
 * rules match on ({@code io.bianwei.facts}). Everything under {@code io.bianwei.internal} is not exported.
 */
module io.bianwei.core {
    exports io.bianwei;
    exports io.bianwei.facts;
    // Drools instantiates the consequence-isolating handler by class name (reflection), not through the API
    opens io.bianwei.internal.engine;

    requires org.kie.api;
    requires org.kie.internal.api;
    requires org.drools.drl.parser;
    requires org.drools.drl.ast;
    requires org.drools.mvel;
    requires org.drools.engine.classic;
    requires org.drools.xml.support;
    requires org.drools.modelcompiler;
    requires org.drools.canonicalmodel;
    requires hanlp.portable;
    requires re2j;
    requires org.slf4j;
    requires java.logging;
    requires java.management;
}
