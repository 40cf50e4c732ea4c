-- Create index "product_status_dimension_capacity_hs" to table: "products"
CREATE INDEX `product_status_dimension_capacity_hs` ON `products` (`status`, `capacity_dimension`, `capacity_monthly`, `hs_code`);
