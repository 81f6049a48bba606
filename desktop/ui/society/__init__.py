"""The learning society screen: learning models per village, the study-promotion fund, and
Lifelong Learning Week, one tab each over a chosen year."""
