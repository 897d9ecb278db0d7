package org.fixmyquarter.embedded;

import java.net.URL;
import java.util.List;
import java.util.Properties;

import javax.sql.DataSource;

import jakarta.persistence.SharedCacheMode;
import jakarta.persistence.ValidationMode;
import jakarta.persistence.spi.ClassTransformer;
import jakarta.persistence.spi.PersistenceUnitInfo;
import jakarta.persistence.spi.PersistenceUnitTransactionType;

/**
 * The core's persistence unit, described in code rather than in a {@code persistence.xml} the
 * program would have to copy: resource-local transactions, the entities the core lists in
 * {@code META-INF/fmq/orm.xml}, no shared cache (several processes may write the same rows), and a
 * schema that comes from the migrations, never from the entities.
 */
final class CoreUnit implements PersistenceUnitInfo {

    /** The unit's name, as the JPA provider logs it. */
    static final String NAME = "fmq-embedded";
    /** The mapping file in which the core lists every entity. */
    static final String MAPPING_FILE = "META-INF/fmq/orm.xml";

    private final DataSource dataSource;
    private final Properties properties = new Properties();
    private final ClassLoader classLoader;

    /**
     * @param dataSource the connections, or {@code null} when the provider opens them from the
     *                   {@code jakarta.persistence.jdbc.*} properties given to it
     */
    CoreUnit(DataSource dataSource) {
        this.dataSource = dataSource;
        // The loader of the core, which holds the mapping file and the entities.
        this.classLoader = org.fixmyquarter.core.report.Report.class.getClassLoader();
        properties.setProperty("eclipselink.ddl-generation", "none");
        // Dynamic weaving needs a java agent a plain program does not have; the entities have no
        // lazy relations, so unwoven classes lose nothing, and the behaviour is the same either way.
        properties.setProperty("eclipselink.weaving", "false");
        properties.setProperty("eclipselink.logging.level", "WARNING");
    }

    @Override
    public String getPersistenceUnitName() {
        return NAME;
    }

    @Override
    public String getPersistenceProviderClassName() {
        return null;
    }

    @Override
    public PersistenceUnitTransactionType getTransactionType() {
        return PersistenceUnitTransactionType.RESOURCE_LOCAL;
    }

    @Override
    public DataSource getJtaDataSource() {
        return null;
    }

    @Override
    public DataSource getNonJtaDataSource() {
        return dataSource;
    }

    @Override
    public List<String> getMappingFileNames() {
        return List.of(MAPPING_FILE);
    }

    @Override
    public List<URL> getJarFileUrls() {
        return List.of();
    }

    @Override
    public URL getPersistenceUnitRootUrl() {
        // The core's jar (or classes folder): where the mapping file and the entities are.
        return org.fixmyquarter.core.report.Report.class.getProtectionDomain().getCodeSource().getLocation();
    }

    @Override
    public List<String> getManagedClassNames() {
        return List.of();
    }

    @Override
    public boolean excludeUnlistedClasses() {
        return true;
    }

    @Override
    public SharedCacheMode getSharedCacheMode() {
        return SharedCacheMode.NONE;
    }

    @Override
    public ValidationMode getValidationMode() {
        return ValidationMode.NONE;
    }

    @Override
    public Properties getProperties() {
        return properties;
    }

    @Override
    public String getPersistenceXMLSchemaVersion() {
        return "3.0";
    }

    @Override
    public ClassLoader getClassLoader() {
        return classLoader;
    }

    @Override
    public void addTransformer(ClassTransformer transformer) {
        // No weaving: see the constructor.
    }

    @Override
    public ClassLoader getNewTempClassLoader() {
        return classLoader;
    }
}
