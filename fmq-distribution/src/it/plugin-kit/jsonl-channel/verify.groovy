// The kit ran: both contract tests are in the surefire reports with tests that ran, and none failed.
def reports = new File(basedir, 'target/surefire-reports')
['org.example.fmq.jsonl.JsonlChannelTest', 'org.example.fmq.jsonl.AcmeCategoriesTest'].each { name ->
    def report = new File(reports, "TEST-${name}.xml")
    assert report.isFile() : "no surefire report for ${name}: the kit did not run"
    def suite = new groovy.xml.XmlSlurper().parse(report)
    int tests = suite.@tests.toInteger()
    int skipped = suite.@skipped.toInteger()
    assert tests - skipped >= 10 : "${name}: only ${tests} tests, ${skipped} skipped"
    assert suite.@failures.toInteger() == 0 && suite.@errors.toInteger() == 0
}
// The duplicate check ran, not skipped, since the test counts the lines.
def channel = new groovy.xml.XmlSlurper().parse(new File(reports, 'TEST-org.example.fmq.jsonl.JsonlChannelTest.xml'))
def once = channel.testcase.find { it.@name == 'deliveringTwiceReachesTheReceiverOnce' }
assert once.size() == 1 && once.skipped.size() == 0 : 'the duplicate check did not run'
def jar = new File(basedir, 'target/jsonl-channel-1.0.0.jar')
assert jar.isFile()
def manifest = new java.util.jar.JarFile(jar).manifest.mainAttributes
assert manifest.getValue('Implementation-Version') == '1.0.0'
assert !new java.util.jar.JarFile(jar).entries().toList().any { it.name.startsWith('org/fixmyquarter/') } : 'the SPI was packed into the plugin'
return true
