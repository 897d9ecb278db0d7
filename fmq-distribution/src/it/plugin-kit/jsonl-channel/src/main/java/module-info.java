module org.example.fmq.jsonl {
    requires org.fixmyquarter.spi;

    provides org.fixmyquarter.spi.notification.NotificationChannel with org.example.fmq.jsonl.JsonlChannel;
    provides org.fixmyquarter.spi.category.CategoryProvider with org.example.fmq.jsonl.AcmeCategories;
}
