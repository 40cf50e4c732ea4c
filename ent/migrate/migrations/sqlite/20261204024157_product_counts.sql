-- Create "product_counts" table
CREATE TABLE `product_counts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `status` text NOT NULL, `form` text NOT NULL, `hs_heading` text NOT NULL, `capacity_dimension` text NOT NULL, `n` integer NOT NULL);
-- Set sequence for "product_counts" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("product_counts", 146028888064);
-- Create index "productcount_status_form_hs_heading_capacity_dimension" to table: "product_counts"
CREATE UNIQUE INDEX `productcount_status_form_hs_heading_capacity_dimension` ON `product_counts` (`status`, `form`, `hs_heading`, `capacity_dimension`);
-- Count the products already there (internal/tally keeps the counts from now on)
INSERT INTO `product_counts` (`status`, `form`, `hs_heading`, `capacity_dimension`, `n`) SELECT `status`, `form`, SUBSTR(`hs_code`, 1, 4), `capacity_dimension`, COUNT(*) FROM `products` GROUP BY `status`, `form`, SUBSTR(`hs_code`, 1, 4), `capacity_dimension`;
