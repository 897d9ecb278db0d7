// Failed for the right reason: surefire found no test, not a compile error.
def log = new File(basedir, 'build.log').text
assert log.contains('No tests') : 'the build failed, but not because no test ran'
assert log.contains('maven-surefire-plugin:3.5.3') : 'the parent did not pin surefire'
return true
