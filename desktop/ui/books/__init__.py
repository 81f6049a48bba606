"""The book cabinet (tủ sách): one screen of the main window with a tab per job."""
