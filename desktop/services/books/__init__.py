"""The book cabinet (tủ sách): catalogue, intake registers, readers, loans, stocktaking, weeding,
rotation and statistics. No Qt; every function takes the `Database` and returns plain data."""
