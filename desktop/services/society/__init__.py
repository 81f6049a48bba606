"""The learning society: learning models per village (`models`), the study-promotion fund
(`fund`), Lifelong Learning Week (`week`), and their figures for the periodic report (`figures`)."""
