package org.example.fmq.notests;

/** Looks like a test, but extends no contract and has no @Test: surefire runs 0 tests in it. */
class QuietTest {

    void describesItself() {
        new Quiet().descriptor();
    }
}
