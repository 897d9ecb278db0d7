package org.example.fmq.jsonl;

import org.fixmyquarter.spi.tck.CategoryProviderContract;

class AcmeCategoriesTest extends CategoryProviderContract<AcmeCategories> {

    @Override
    protected AcmeCategories createPlugin() {
        return new AcmeCategories();
    }
}
