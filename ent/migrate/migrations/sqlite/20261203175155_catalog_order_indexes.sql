-- Create index "product_status_name_id" to table: "products"
CREATE INDEX `product_status_name_id` ON `products` (`status`, `name_english`, `id`);
-- Create index "product_status_price_id" to table: "products"
CREATE INDEX `product_status_price_id` ON `products` (`status`, `price_min`, `id`);
-- Create index "product_status_lead_time_id" to table: "products"
CREATE INDEX `product_status_lead_time_id` ON `products` (`status`, `lead_time_days`, `id`);
-- Create index "product_status_created_id" to table: "products"
CREATE INDEX `product_status_created_id` ON `products` (`status`, `created_at`, `id`);
-- Create index "product_status_form_hs" to table: "products"
CREATE INDEX `product_status_form_hs` ON `products` (`status`, `form`, `hs_code`);
